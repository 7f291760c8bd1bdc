namespace OrleansKube.Model.Core;

public enum ResourceResizeRestartPolicy
{
    NotRequired,
    RestartContainer,
}
