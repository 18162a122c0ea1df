/** mail messages, German source. */
export const mailDe = {
};
