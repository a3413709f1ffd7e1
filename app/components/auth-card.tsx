// The centred card that frames the first-account and sign-in forms.
import type { ReactNode } from "react";

export function AuthCard(props: { title: string; intro?: ReactNode; children: ReactNode }) {
  return (
    <main className="flex min-h-screen items-center justify-center px-4 py-10">
      <div className="w-full max-w-md">
        <p className="mb-6 text-center text-lg font-semibold tracking-tight">
          <span
            aria-hidden
            className="mr-2 inline-block h-6 w-6 rounded bg-blue-700 text-center text-sm leading-6 text-white"
          >
            S
          </span>
          Signpost
        </p>
        <div className="card p-6">
          <h1 className="text-xl font-semibold">{props.title}</h1>
          {props.intro ? <div className="mt-1 text-sm text-slate-600">{props.intro}</div> : null}
          <div className="mt-5">{props.children}</div>
        </div>
      </div>
    </main>
  );
}
