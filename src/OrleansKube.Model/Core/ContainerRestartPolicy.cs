namespace OrleansKube.Model.Core;

/// <summary>An init container's restart policy: <c>Always</c> (the only value upstream accepts) makes it a sidecar.</summary>
public enum ContainerRestartPolicy
{
    Always,
}
