/** How much of an error the window sends to main's log (the channel refuses more). */
export const REPORT_MESSAGE_MAX = 2000;
export const REPORT_STACK_MAX = 8000;
