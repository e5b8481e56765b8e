// cdktf's jest adapter declares its matchers on a one-parameter `jest.Matchers<R>`, which does not merge with
// @types/jest 30's `Matchers<R, T>`; this declares them on the right shape. Registered by Testing.setupJest().
declare namespace jest {
  // biome-ignore lint/complexity/noBannedTypes: `{}` is the default @types/jest gives T; any other type does not merge
  interface Matchers<R, T = {}> {
    toHaveResource(resourceConstructor: { tfResourceType: string }): R;
    toHaveResourceWithProperties(
      resourceConstructor: { tfResourceType: string },
      properties: Record<string, unknown>,
    ): R;
    toHaveProvider(providerConstructor: { tfResourceType: string }): R;
    toHaveProviderWithProperties(
      providerConstructor: { tfResourceType: string },
      properties: Record<string, unknown>,
    ): R;
  }
}
