namespace OrleansKube.Manifests.Reading;

/// <summary>A manifest that cannot be used; <see cref="Errors"/> holds one line per problem, naming the file, line and field.</summary>
public sealed class ManifestException(IReadOnlyList<string> errors) : Exception(string.Join(Environment.NewLine, errors))
{
    public IReadOnlyList<string> Errors { get; } = errors;
}
