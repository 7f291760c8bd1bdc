namespace OrleansKube.Api;

/// <summary>Where the Kubernetes API listens and whom it lets in.</summary>
public sealed class KubeApiOptions
{
    /// <summary>kubectl proxy's port, which the decks' scripts use (<c>kubectl --server localhost:8001</c>).</summary>
    public const int DefaultPort = 8001;

    /// <summary>The port; 0 picks a free one (tests), read back from <see cref="KubeApiServer.Address"/>.</summary>
    public int Port { get; set; } = DefaultPort;

    /// <summary>The address to bind; null binds loopback only (127.0.0.1 and ::1), plain HTTP. Given, the API serves TLS and requires tokens.</summary>
    public string? Address { get; set; }

    /// <summary>Tokens, TLS certificates and the kubeconfig written at start.</summary>
    public Security.ApiSecurityOptions Security { get; } = new();
}
