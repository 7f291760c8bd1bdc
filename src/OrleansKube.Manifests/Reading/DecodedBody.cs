namespace OrleansKube.Manifests.Reading;

/// <summary>A request body decoded: the object (not yet defaulted or validated) and the warnings for its <c>Warning</c> headers.</summary>
public sealed record DecodedBody(KubeObject Object, IReadOnlyList<string> Warnings);
