// The workspace panels' number and time formats: the shared ones of shared/format.ts.
export { formatPercent, formatUtc as formatDateTime } from "@/shared/format";
