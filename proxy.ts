import { type NextRequest, NextResponse } from "next/server";

// Optimistic check only (the pages verify the session): send visitors without a session cookie to sign-in,
// remembering where they were going.
export function proxy(request: NextRequest) {
  const hasSession = request.cookies.has("next-auth.session-token") || request.cookies.has("__Secure-next-auth.session-token");
  if (hasSession) return NextResponse.next();
  const url = new URL("/sign-in", request.url);
  url.searchParams.set("callbackUrl", request.nextUrl.pathname + request.nextUrl.search);
  return NextResponse.redirect(url);
}

export const config = {
  matcher: ["/", "/articles/:path*", "/settings/:path*"],
};
