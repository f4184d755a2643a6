import type { Page } from "@playwright/test";

export class SignInPage {
  constructor(private readonly page: Page) {}

  async submit({ email, password }: { email: string; password: string }) {
    await this.page.getByTestId("input-email").fill(email);
    await this.page.getByTestId("input-password").fill(password);
    await this.page.getByTestId("sign-in-submit").click();
  }
}
