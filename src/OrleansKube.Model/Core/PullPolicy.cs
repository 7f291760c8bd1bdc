namespace OrleansKube.Model.Core;

public enum PullPolicy
{
    Always,
    Never,
    IfNotPresent,
}
