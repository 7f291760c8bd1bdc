namespace OrleansKube.Model.Core;

public enum MountPropagationMode
{
    None,
    HostToContainer,
    Bidirectional,
}
