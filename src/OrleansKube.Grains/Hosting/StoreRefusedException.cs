namespace OrleansKube.Grains.Hosting;

/// <summary>A silo refused to start on its store: starting would form a second cluster beside one that lost it.</summary>
public sealed class StoreRefusedException(string message) : Exception(message);
