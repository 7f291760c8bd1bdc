namespace OrleansKube.Manifests.Reading;

/// <summary>One object read from a manifest, with where it came from.</summary>
public sealed record ManifestDocument(KubeObject Object, string Source, int Line)
{
    public KindInfo Kind => Kinds.Of(Object);
}
