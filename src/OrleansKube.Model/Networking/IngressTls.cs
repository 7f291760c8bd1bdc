namespace OrleansKube.Model.Networking;

/// <summary>upstream's IngressTLS: the hosts a certificate (in a Secret) covers.</summary>
public sealed record IngressTls
{
    public List<string>? Hosts { get; set; }

    public string? SecretName { get; set; }
}
