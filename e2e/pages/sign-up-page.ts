import type { Page } from "@playwright/test";

export class SignUpPage {
  constructor(private readonly page: Page) {}

  async open() {
    await this.page.goto("/sign-up");
  }

  async submit({ email, password }: { email: string; password: string }) {
    await this.page.getByTestId("input-email").fill(email);
    await this.page.getByTestId("input-password").fill(password);
    await this.page.getByTestId("sign-up-submit").click();
  }
}
