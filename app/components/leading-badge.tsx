// "Leading": marks the scenario with the highest probability wherever its term is shown, so a
// leader at 43 % beside "unlikely" is not misread as a call against it (issue 13 §4).

export function LeadingBadge({ className = "" }: { className?: string }) {
  return (
    <span
      className={`ml-1.5 inline-block rounded-full bg-slate-800 px-1.5 py-px align-[1px] text-[11px] leading-4 font-semibold text-white ${className}`}
      title="The scenario with the highest probability, whatever its term says"
    >
      Leading
    </span>
  );
}
