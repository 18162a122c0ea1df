// Kept in step with package.json by a unit test.
export const appVersion = '0.1.0';
