"use client";
import { signOut } from "next-auth/react";

export function SignOutButton({ label }: { label: string }) {
  return (
    <button type="button" onClick={() => signOut({ callbackUrl: "/sign-in" })} className="text-slate-700 hover:text-slate-900" data-testid="sign-out">
      {label}
    </button>
  );
}
