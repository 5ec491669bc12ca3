// Types for the matchers `Testing.setupJest()` registers (cdktf ships the code, not the types).
declare global {
  namespace jest {
    interface Matchers<R> {
      toHaveResource(resourceType: { tfResourceType: string }): R;
      toHaveResourceWithProperties(
        resourceType: { tfResourceType: string },
        properties: Record<string, unknown>,
      ): R;
      toHaveDataSource(dataSourceType: { tfResourceType: string }): R;
      toHaveDataSourceWithProperties(
        dataSourceType: { tfResourceType: string },
        properties: Record<string, unknown>,
      ): R;
      toHaveProvider(providerType: { tfResourceType: string }): R;
      toHaveProviderWithProperties(
        providerType: { tfResourceType: string },
        properties: Record<string, unknown>,
      ): R;
    }
  }
}

export {};
