using OrleansKube.Model.Meta;

namespace OrleansKube.Grains.Abstractions;

/// <summary>
/// The one place grain keys for API objects are built and parsed: <c>Kind/namespace/name</c>
/// (cluster-scoped objects have an empty namespace: <c>Node//node-1</c>).
/// </summary>
public readonly record struct ObjectKey(string Kind, string Namespace, string Name)
{
    public static ObjectKey For(KindInfo kind, string? ns, string name) => new(kind.Kind, kind.Namespaced ? ns ?? "" : "", name);

    public static ObjectKey Of(KubeObject obj) => For(Kinds.Of(obj), obj.Metadata.Namespace, obj.Metadata.Name!);

    public static ObjectKey Parse(string key)
    {
        var parts = key.Split('/');
        return parts.Length == 3 ? new ObjectKey(parts[0], parts[1], parts[2]) : throw new FormatException($"not an object key: \"{key}\"");
    }

    public KindInfo KindInfo => Kinds.Get(Kind);

    /// <summary>How API messages name the object: <c>default/web</c> or <c>node-1</c>.</summary>
    public string DisplayName => Namespace.Length == 0 ? Name : $"{Namespace}/{Name}";

    public override string ToString() => $"{Kind}/{Namespace}/{Name}";
}
