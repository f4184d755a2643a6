"use server";
import { headers } from "next/headers";
import { clientIp } from "@/lib/client-ip";
import { AppError } from "@/lib/errors";
import { checkPasswordStrength, registerUser, signUpSchema } from "@/lib/genflow/users";
import { getLocale } from "@/lib/locale";
import { describeError, log } from "@/lib/log";

export type SignUpState = { status: "idle" } | { status: "ok"; email: string } | { status: "error"; field?: string; message: string };

// Server action: parse the form itself, create the account, answer a typed state (the form then signs in).
// Errors are worded in the interface language (the API's English messages stay for API clients).
export async function signUpAction(_prev: SignUpState, formData: FormData): Promise<SignUpState> {
  const { t } = await getLocale();
  const passwordError = (password: string) =>
    checkPasswordStrength(password) === null ? null : password.length < 8 ? t("signUpErrors.passwordShort") : t("signUpErrors.passwordWeak");
  const parsed = signUpSchema.safeParse({
    email: formData.get("email"),
    password: formData.get("password"),
    name: formData.get("name") || undefined,
  });
  if (!parsed.success) {
    const field = String(parsed.error.issues[0]?.path[0] ?? "");
    const password = formData.get("password");
    const message =
      field === "email"
        ? t("signUpErrors.invalidEmail")
        : field === "password"
          ? (passwordError(typeof password === "string" ? password : "") ?? t("signUpErrors.invalid"))
          : t("signUpErrors.invalid");
    return { status: "error", field, message };
  }
  try {
    const user = await registerUser({ ...parsed.data, ip: clientIp(await headers()) });
    return { status: "ok", email: user.email };
  } catch (error) {
    if (error instanceof AppError) {
      if (error.code === "email_taken") return { status: "error", field: "email", message: t("signUpErrors.emailTaken") };
      if (error.code === "weak_password") return { status: "error", field: "password", message: passwordError(parsed.data.password) ?? error.message };
      if (error.code === "rate_limited") return { status: "error", message: t("signUpErrors.throttled") };
      return { status: "error", message: t("signUpErrors.failed") };
    }
    log.error({ error: describeError(error) }, "sign-up failed");
    return { status: "error", message: t("signUpErrors.failed") };
  }
}
