"use server";
import { headers } from "next/headers";
import { clientIp } from "@/lib/client-ip";
import { AppError } from "@/lib/errors";
import { registerUser, signUpSchema } from "@/lib/genflow/users";
import { describeError, log } from "@/lib/log";

export type SignUpState = { status: "idle" } | { status: "ok"; email: string } | { status: "error"; field?: string; message: string };

// Server action: parse the form itself, create the account, answer a typed state (the form then signs in).
export async function signUpAction(_prev: SignUpState, formData: FormData): Promise<SignUpState> {
  const parsed = signUpSchema.safeParse({
    email: formData.get("email"),
    password: formData.get("password"),
    name: formData.get("name") || undefined,
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return {
      status: "error",
      field: String(issue?.path[0] ?? ""),
      message: issue?.path[0] === "email" ? "Enter a valid email address" : (issue?.message ?? "Invalid input"),
    };
  }
  try {
    const user = await registerUser({ ...parsed.data, ip: clientIp(await headers()) });
    return { status: "ok", email: user.email };
  } catch (error) {
    if (error instanceof AppError) {
      const field = error.code === "email_taken" ? "email" : error.code === "weak_password" ? "password" : undefined;
      return { status: "error", field, message: error.message };
    }
    log.error({ error: describeError(error) }, "sign-up failed");
    return { status: "error", message: "Something went wrong; please try again." };
  }
}
