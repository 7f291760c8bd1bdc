namespace OrleansKube.Model.Core;

public sealed record EnvVarSource
{
    public KeySelector? ConfigMapKeyRef { get; set; }

    public KeySelector? SecretKeyRef { get; set; }

    public ObjectFieldSelector? FieldRef { get; set; }

    public ResourceFieldSelector? ResourceFieldRef { get; set; }
}
