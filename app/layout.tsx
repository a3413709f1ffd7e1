import type { Metadata } from "next";
import type { ReactNode } from "react";
import { TRPCReactProvider } from "@/app/trpc/client";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Signpost", template: "%s · Signpost" },
  description: "Scenario assessment with indicators, graded evidence and estimative language.",
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body className="min-h-screen antialiased">
        <TRPCReactProvider>{children}</TRPCReactProvider>
      </body>
    </html>
  );
}
