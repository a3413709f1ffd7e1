// The workspace panels' number and time formats: the shared ones of server/format.ts.
export { formatPercent, formatUtc as formatDateTime } from "@/server/format";
