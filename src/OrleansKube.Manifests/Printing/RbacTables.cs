using System.Globalization;

namespace OrleansKube.Manifests.Printing;

/// <summary>The tables of rbac.authorization.k8s.io kinds, as upstream prints them (<c>printRole</c>, <c>printRoleBinding</c> and their cluster forms).</summary>
internal static class RbacTables
{
    private static readonly TableColumn CreatedAt = new("Created At", "date", "", "CreationTimestamp is a timestamp representing the server time when this object was created.", 0);

    public static readonly KindTable Role = new([Columns.Name, CreatedAt], static (o, _) => [o.Metadata.Name, Created(o)]);

    public static readonly KindTable ClusterRole = Role;

    public static readonly KindTable RoleBinding = new(
        [
            Columns.Name,
            Columns.Text("Role", "RoleRef is the reference to the role being bound."),
            Columns.Age,
            Columns.Wide("Users", "Users in the roleBinding"),
            Columns.Wide("Groups", "Groups in the roleBinding"),
            Columns.Wide("ServiceAccounts", "ServiceAccounts in the roleBinding"),
        ],
        static (o, now) => o switch
        {
            Model.Rbac.RoleBinding b => Cells(o, b.RoleRef, b.Subjects, now),
            Model.Rbac.ClusterRoleBinding b => Cells(o, b.RoleRef, b.Subjects, now),
            _ => [],
        });

    public static readonly KindTable ClusterRoleBinding = RoleBinding;

    private static string Created(KubeObject o) =>
        o.Metadata.CreationTimestamp?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture) ?? "0001-01-01T00:00:00Z";

    private static object?[] Cells(KubeObject o, Model.Rbac.RoleRef role, List<Model.Rbac.Subject>? subjects, DateTimeOffset now)
    {
        string Of(string kind, Func<Model.Rbac.Subject, string> name) => string.Join(", ", (subjects ?? []).Where(s => s.Kind == kind).Select(name));
        return
        [
            o.Metadata.Name, $"{role.Kind}/{role.Name}", CellText.AgeOf(o, now),
            Of("User", s => s.Name), Of("Group", s => s.Name), Of("ServiceAccount", s => $"{s.Namespace}/{s.Name}"),
        ];
    }
}
