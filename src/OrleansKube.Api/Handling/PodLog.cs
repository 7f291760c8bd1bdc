using System.Globalization;
using OrleansKube.Model.Core;

namespace OrleansKube.Api.Handling;

/// <summary>A container's log as its status tells it (the silo's kubelet log, when it has one, supersedes this).</summary>
internal static class PodLog
{
    public static IEnumerable<string> Lines(Pod pod, string container)
    {
        var status = (pod.Status?.ContainerStatuses ?? []).Concat(pod.Status?.InitContainerStatuses ?? []).FirstOrDefault(s => s.Name == container);
        var image = pod.Spec.Containers.Concat(pod.Spec.InitContainers ?? []).First(c => c.Name == container).Image;
        if (status?.State is null)
        {
            yield return $"container {container} ({image}) has not started";
            yield break;
        }

        if (status.State.Running is { } running)
        {
            yield return $"{Time(running.StartedAt)} started container {container} from image {image}";
        }
        else if (status.State.Waiting is { } waiting)
        {
            yield return $"container {container} ({image}) is waiting: {waiting.Reason}{(waiting.Message is { } m ? $": {m}" : "")}";
        }
        else if (status.State.Terminated is { } done)
        {
            yield return $"{Time(done.StartedAt)} started container {container} from image {image}";
            yield return $"{Time(done.FinishedAt)} container {container} exited with code {done.ExitCode} ({done.Reason})";
        }
    }

    private static string Time(DateTimeOffset? at) => at?.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture) ?? "-";
}
