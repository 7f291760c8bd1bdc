namespace OrleansKube.Control.Kubelet;

/// <summary>An image a kubelet pulls for a pod: its name as the pod wrote it, its size, and how long the pull takes.</summary>
public sealed record ImagePull(string Image, long Size, TimeSpan Duration);
