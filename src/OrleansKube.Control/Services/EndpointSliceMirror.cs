namespace OrleansKube.Control.Services;

/// <summary>What mirroring one Endpoints object asks for: its slices (without names), and the Warning events about addresses left out.</summary>
public sealed record EndpointSliceMirror(IReadOnlyList<EndpointSlice> Slices, IReadOnlyList<(string Type, string Reason, string Message)> Events);
