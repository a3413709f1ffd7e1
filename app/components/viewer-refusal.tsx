// What a viewer sees on a page that only analysts and owners may use.
export function ViewerRefusal({ action, teamName }: { action: string; teamName: string }) {
  return (
    <div className="card p-6" role="alert">
      <h1 className="text-lg font-semibold">Viewers cannot {action}</h1>
      <p className="mt-1 text-sm text-slate-600">
        Your role in {teamName} is viewer: ask an owner to make you an analyst.
      </p>
    </div>
  );
}
