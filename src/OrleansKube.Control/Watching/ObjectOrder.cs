namespace OrleansKube.Control.Watching;

/// <summary>The order lists return objects in: by namespace, then name (ordinal), as the store's keys sort.</summary>
public static class ObjectOrder
{
    public static int Compare(string ns1, string name1, string ns2, string name2)
    {
        var byNamespace = string.CompareOrdinal(ns1, ns2);
        return byNamespace != 0 ? byNamespace : string.CompareOrdinal(name1, name2);
    }

    public static int Compare(KubeObject a, KubeObject b) =>
        Compare(a.Metadata.Namespace ?? "", a.Metadata.Name ?? "", b.Metadata.Namespace ?? "", b.Metadata.Name ?? "");

    public static int Compare(KubeObject a, string ns, string name) => Compare(a.Metadata.Namespace ?? "", a.Metadata.Name ?? "", ns, name);
}
