namespace OrleansKube.Model.Core;

public enum RestartPolicy
{
    Always,
    OnFailure,
    Never,
}
