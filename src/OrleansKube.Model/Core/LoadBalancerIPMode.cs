namespace OrleansKube.Model.Core;

/// <summary>How a load balancer's ingress IP reaches the Service (stored: no proxy routes it).</summary>
public enum LoadBalancerIPMode
{
    VIP,
    Proxy,
}
