namespace OrleansKube.Model.Storage;

public enum VolumeBindingMode
{
    Immediate,
    WaitForFirstConsumer,
}
