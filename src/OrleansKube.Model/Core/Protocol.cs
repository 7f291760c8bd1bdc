namespace OrleansKube.Model.Core;

public enum Protocol
{
    TCP,
    UDP,
    SCTP,
}
