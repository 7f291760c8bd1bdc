namespace OrleansKube.Control.Kubelet;

/// <summary>An event the kubelet records about a pod (<c>Normal Started</c>, <c>Warning BackOff</c> …).</summary>
public sealed record KubeletEvent(string Type, string Reason, string Message)
{
    public static KubeletEvent Normal(string reason, string message) => new("Normal", reason, message);

    public static KubeletEvent Warning(string reason, string message) => new("Warning", reason, message);
}
