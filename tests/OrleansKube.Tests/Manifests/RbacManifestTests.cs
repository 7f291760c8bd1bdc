using OrleansKube.Model.Rbac;
using OrleansKube.Manifests.Reading;

namespace OrleansKube.Tests.Manifests;

/// <summary>rbac.authorization.k8s.io/v1 objects read as the API server reads them: defaulted, validated with upstream's messages.</summary>
public class RbacManifestTests
{
    private const string Bindings = """
        apiVersion: rbac.authorization.k8s.io/v1
        kind: Role
        metadata: {name: reader, namespace: shop}
        rules:
        - apiGroups: [""]
          resources: [pods, configmaps]
          verbs: [get, list, watch]
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: RoleBinding
        metadata: {name: reader, namespace: shop}
        roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: reader}
        subjects:
        - {kind: ServiceAccount, name: shop, namespace: shop}
        - {kind: User, name: jane}
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRole
        metadata: {name: node-reader}
        rules:
        - apiGroups: [""]
          resources: [nodes]
          verbs: [get, list]
        - nonResourceURLs: ["/healthz"]
          verbs: [get]
        aggregationRule:
          clusterRoleSelectors:
          - matchLabels: {rbac.example.com/aggregate-to-view: "true"}
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRoleBinding
        metadata: {name: node-reader}
        roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: node-reader}
        subjects:
        - {kind: Group, name: ops, apiGroup: rbac.authorization.k8s.io}
        """;

    [Fact]
    public void ReadText_RolesAndBindings_AreReadWithUsersAndGroupsInTheRbacGroup()
    {
        var objects = ManifestReader.ReadText(Bindings, "rbac.yaml").Select(d => d.Object).ToList();

        Assert.Equal(["Role", "RoleBinding", "ClusterRole", "ClusterRoleBinding"], objects.Select(o => Kinds.Of(o).Kind));
        var binding = (RoleBinding)objects[1];
        Assert.Equal(("", "rbac.authorization.k8s.io"), (binding.Subjects![0].ApiGroup ?? "", binding.Subjects[1].ApiGroup));
        Assert.Equal(["/healthz"], ((ClusterRole)objects[2]).Rules![1].NonResourceURLs);
    }

    [Theory]
    [InlineData("""
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRoleBinding
        metadata: {name: b}
        roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: r}
        subjects: [{kind: ServiceAccount, name: s}]
        """,
        "roleRef.kind: Unsupported value: \"Role\": supported values: \"ClusterRole\"", "subjects[0].namespace: Required value")]
    [InlineData("""
        apiVersion: rbac.authorization.k8s.io/v1
        kind: RoleBinding
        metadata: {name: b, namespace: n}
        roleRef: {apiGroup: example.com, kind: Role, name: ""}
        subjects: [{kind: Robot, name: r2}]
        """,
        "roleRef.apiGroup: Unsupported value: \"example.com\": supported values: \"rbac.authorization.k8s.io\"", "roleRef.name: Required value",
        "subjects[0].kind: Unsupported value: \"Robot\": supported values: \"ServiceAccount\", \"User\", \"Group\"")]
    [InlineData("""
        apiVersion: rbac.authorization.k8s.io/v1
        kind: Role
        metadata: {name: r, namespace: n}
        rules: [{resources: [pods]}]
        """,
        "rules[0].verbs: Required value: verbs must contain at least one value", "rules[0].apiGroups: Required value: resource rules must supply at least one api group")]
    public void ReadText_BadRolesAndBindings_AreRefusedNamingEachField(string yaml, params string[] problems)
    {
        var refused = Assert.Throws<ManifestException>(() => ManifestReader.ReadText(yaml, "bad.yaml"));

        foreach (var problem in problems)
        {
            Assert.Contains(refused.Errors, e => e.Contains(problem, StringComparison.Ordinal));
        }
    }
}
