"use client";
// better-auth's browser client: sign-up, sign-in, sign-out, change password.
import { createAuthClient } from "better-auth/react";

export const authClient = createAuthClient();
