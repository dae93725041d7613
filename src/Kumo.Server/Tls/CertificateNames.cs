using System.Net;
using Kumo.Gateway;

namespace Kumo.Server.Tls;

/// <summary>
/// The names a certificate must hold for every address Kumo serves over HTTPS: its base host, the host forms of
/// function URLs, apps, the S3 API and buckets' websites (with and without the server's region), and the loopback
/// addresses.
/// </summary>
/// <param name="DnsNames">The DNS names, wildcards included, in a fixed order.</param>
/// <param name="Addresses">The IP addresses.</param>
internal sealed record CertificateNames(IReadOnlyList<string> DnsNames, IReadOnlyList<IPAddress> Addresses)
{
    /// <summary>The names for a server under <paramref name="gateway"/>'s base host, in <paramref name="region"/>, listening on <paramref name="bind"/>.</summary>
    public static CertificateNames For(GatewayOptions gateway, string region, IPAddress bind)
    {
        ArgumentNullException.ThrowIfNull(gateway);
        var host = gateway.BaseHost;
        string[] dns =
        [
            host,
            // Most TLS clients (curl, OpenSSL, browsers) refuse a wildcard right under a top-level name, so the S3
            // API's path-style hosts are listed by name as well as under "*.{host}".
            $"*.{host}",
            $"*.{GatewayOptions.FunctionUrlLabel}.{host}",
            $"*.{GatewayOptions.AppLabel}.{host}",
            $"{GatewayOptions.S3Label}.{host}",
            $"*.{GatewayOptions.S3Label}.{host}",
            $"{GatewayOptions.S3Label}.{region}.{host}",
            $"*.{GatewayOptions.S3Label}.{region}.{host}",
            $"*.{GatewayOptions.WebsiteLabel}.{host}",
            $"*.{GatewayOptions.WebsiteLabel}-{region}.{host}",
            $"*.{GatewayOptions.WebsiteLabel}.{region}.{host}",
        ];
        var addresses = new List<IPAddress> { IPAddress.Loopback, IPAddress.IPv6Loopback };
        if (!bind.Equals(IPAddress.Any) && !bind.Equals(IPAddress.IPv6Any) && !addresses.Contains(bind))
        {
            addresses.Add(bind);
        }

        return new CertificateNames(dns, addresses);
    }

    /// <summary>Whether <paramref name="dnsNames"/> and <paramref name="addresses"/> are exactly these names, in any order.</summary>
    public bool SameAs(IEnumerable<string> dnsNames, IEnumerable<IPAddress> addresses) =>
        new HashSet<string>(dnsNames, StringComparer.OrdinalIgnoreCase).SetEquals(DnsNames)
        && new HashSet<IPAddress>(addresses).SetEquals(Addresses);
}
