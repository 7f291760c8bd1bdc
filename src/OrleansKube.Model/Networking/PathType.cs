namespace OrleansKube.Model.Networking;

/// <summary>How an Ingress path matches a request's path.</summary>
public enum PathType
{
    Exact,
    Prefix,
    ImplementationSpecific,
}
