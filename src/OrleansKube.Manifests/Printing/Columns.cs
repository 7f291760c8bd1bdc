namespace OrleansKube.Manifests.Printing;

/// <summary>Column definitions shared by several kinds, with upstream's names and descriptions.</summary>
internal static class Columns
{
    public static readonly TableColumn Name = new("Name", "string", "name", "Name must be unique within a namespace. Is required when creating resources, although some resources may allow a client to request the generation of a name automatically. Name is primarily intended for creation idempotence and configuration definition. Cannot be updated. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names", 0);

    public static readonly TableColumn Age = new("Age", "string", "", "CreationTimestamp is a timestamp representing the server time when this object was created. It is not guaranteed to be set in happens-before order across separate operations. Clients may not set this value. It is represented in RFC3339 form and is in UTC.\n\nPopulated by the system. Read-only. Null for lists. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata", 0);

    public static readonly TableColumn Containers = Wide("Containers", "Names of each container in the template.");

    public static readonly TableColumn Images = Wide("Images", "Images referenced by each container in the template.");

    public static readonly TableColumn Selector = Wide("Selector", "A label query over pods that should match the replica count. It must match the pod template's labels.");

    public static TableColumn Text(string name, string description) => new(name, "string", "", description, 0);

    public static TableColumn Integer(string name, string description) => new(name, "integer", "", description, 0);

    public static TableColumn Boolean(string name, string description) => new(name, "boolean", "", description, 0);

    public static TableColumn Wide(string name, string description) => new(name, "string", "", description, 1);
}
