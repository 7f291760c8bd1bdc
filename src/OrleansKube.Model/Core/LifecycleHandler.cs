namespace OrleansKube.Model.Core;

public sealed record LifecycleHandler
{
    public ExecAction? Exec { get; set; }

    public HttpGetAction? HttpGet { get; set; }

    public TcpSocketAction? TcpSocket { get; set; }

    public SleepAction? Sleep { get; set; }
}
