/** ui messages, German source. */
export const uiDe = {
};
