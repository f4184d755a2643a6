"use client";

// next-auth/react (~6 KB gzip with its Babel helpers) is fetched when the writer clicks, not with every page.
async function signOutNow() {
  const { signOut } = await import("next-auth/react");
  await signOut({ callbackUrl: "/sign-in" });
}

export function SignOutButton({ label }: { label: string }) {
  return (
    <button type="button" onClick={() => void signOutNow()} className="text-slate-700 hover:text-slate-900" data-testid="sign-out">
      {label}
    </button>
  );
}
