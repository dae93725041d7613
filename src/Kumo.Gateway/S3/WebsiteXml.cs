using System.Globalization;
using System.Text;
using System.Xml;
using System.Xml.Linq;

namespace Kumo.Gateway.S3;

/// <summary>
/// The <c>WebsiteConfiguration</c> document of PutBucketWebsite and GetBucketWebsite. Reading checks what S3 checks,
/// with S3's codes and messages: an element S3's schema does not have is MalformedXML (never ignored), a value S3
/// refuses is InvalidArgument naming it.
/// </summary>
internal static class WebsiteXml
{
    /// <summary>The most routing rules a website may have, as on S3.</summary>
    public const int MaxRoutingRules = 50;

    /// <summary>Reads a PutBucketWebsite body; the configuration, or the error to answer.</summary>
    public static S3Error? Read(ReadOnlyMemory<byte> body, out WebsiteConfiguration? configuration)
    {
        configuration = null;
        XElement root;
        try
        {
            using var reader = S3Xml.Reader(body);
            root = XElement.Load(reader);
        }
        catch (XmlException)
        {
            return S3Errors.MalformedXml();
        }

        if (root.Name.LocalName != "WebsiteConfiguration" || !Only(root, "IndexDocument", "ErrorDocument", "RedirectAllRequestsTo", "RoutingRules"))
        {
            return S3Errors.MalformedXml();
        }

        var index = Child(root, "IndexDocument");
        var error = Child(root, "ErrorDocument");
        var redirectAll = Child(root, "RedirectAllRequestsTo");
        var rules = Child(root, "RoutingRules");
        if (redirectAll is not null)
        {
            if (index is not null || error is not null || rules is not null)
            {
                return Invalid("RedirectAllRequestsTo cannot be provided in conjunction with other Routing Rules.", "RedirectAllRequestsTo");
            }

            if (!Only(redirectAll, "HostName", "Protocol"))
            {
                return S3Errors.MalformedXml();
            }

            var host = Text(redirectAll, "HostName");
            if (string.IsNullOrWhiteSpace(host))
            {
                return Invalid("A host name must be provided in RedirectAllRequestsTo.", "RedirectAllRequestsTo");
            }

            if (ProtocolProblem(Text(redirectAll, "Protocol")) is { } protocolProblem)
            {
                return protocolProblem;
            }

            configuration = new WebsiteConfiguration { RedirectAllRequestsTo = new WebsiteHostRedirect(host.Trim(), Text(redirectAll, "Protocol")) };
            return null;
        }

        if (index is null)
        {
            return Invalid("A value for IndexDocument Suffix must be provided if RedirectAllRequestsTo is empty", "IndexDocument");
        }

        var suffix = Text(index, "Suffix");
        if (!Only(index, "Suffix") || suffix is null)
        {
            return S3Errors.MalformedXml();
        }

        if (suffix.Length == 0 || suffix.Contains('/', StringComparison.Ordinal) || Encoding.UTF8.GetByteCount(suffix) > S3Errors.MaxKeyBytes)
        {
            return Invalid("The IndexDocument Suffix is not well formed", "IndexDocument", suffix);
        }

        string? errorKey = null;
        if (error is not null)
        {
            errorKey = Text(error, "Key");
            if (!Only(error, "Key") || errorKey is null)
            {
                return S3Errors.MalformedXml();
            }

            if (errorKey.Length == 0 || Encoding.UTF8.GetByteCount(errorKey) > S3Errors.MaxKeyBytes)
            {
                return Invalid("The ErrorDocument Key is not well formed", "ErrorDocument", errorKey);
            }
        }

        var routingRules = new List<WebsiteRoutingRule>();
        if (rules is not null)
        {
            if (!Only(rules, "RoutingRule"))
            {
                return S3Errors.MalformedXml();
            }

            foreach (var element in rules.Elements())
            {
                if (ReadRule(element, out var rule) is { } ruleProblem)
                {
                    return ruleProblem;
                }

                routingRules.Add(rule!);
            }

            if (routingRules.Count > MaxRoutingRules)
            {
                return Invalid($"The number of routing rules must not exceed {MaxRoutingRules}.", "RoutingRules",
                    routingRules.Count.ToString(CultureInfo.InvariantCulture));
            }
        }

        configuration = new WebsiteConfiguration { IndexSuffix = suffix, ErrorKey = errorKey, RoutingRules = routingRules };
        return null;
    }

    /// <summary>The GetBucketWebsite document of <paramref name="configuration"/>, its elements in S3's order.</summary>
    public static byte[] Write(WebsiteConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return S3Xml.Document("WebsiteConfiguration", writer =>
        {
            if (configuration.RedirectAllRequestsTo is { } all)
            {
                writer.WriteStartElement("RedirectAllRequestsTo");
                writer.Element("HostName", all.HostName);
                if (all.Protocol is not null)
                {
                    writer.Element("Protocol", all.Protocol);
                }

                writer.WriteEndElement();
            }

            if (configuration.IndexSuffix is not null)
            {
                writer.WriteStartElement("IndexDocument");
                writer.Element("Suffix", configuration.IndexSuffix);
                writer.WriteEndElement();
            }

            if (configuration.ErrorKey is not null)
            {
                writer.WriteStartElement("ErrorDocument");
                writer.Element("Key", configuration.ErrorKey);
                writer.WriteEndElement();
            }

            if (configuration.RoutingRules.Count > 0)
            {
                writer.WriteStartElement("RoutingRules");
                foreach (var rule in configuration.RoutingRules)
                {
                    WriteRule(writer, rule);
                }

                writer.WriteEndElement();
            }
        });
    }

    private static S3Error? ReadRule(XElement element, out WebsiteRoutingRule? rule)
    {
        rule = null;
        if (!Only(element, "Condition", "Redirect"))
        {
            return S3Errors.MalformedXml();
        }

        var condition = Child(element, "Condition");
        string? prefix = null;
        int? errorCode = null;
        if (condition is not null)
        {
            if (!Only(condition, "KeyPrefixEquals", "HttpErrorCodeReturnedEquals"))
            {
                return S3Errors.MalformedXml();
            }

            prefix = Text(condition, "KeyPrefixEquals");
            var errorText = Text(condition, "HttpErrorCodeReturnedEquals");
            if (prefix is null && errorText is null)
            {
                return Invalid("Condition cannot be empty. To redirect all requests without a condition, the condition element shouldn't be present.", "Condition");
            }

            if (errorText is not null)
            {
                if (!int.TryParse(errorText, NumberStyles.None, CultureInfo.InvariantCulture, out var code) || code is < 400 or > 599)
                {
                    return Invalid($"The provided HTTP error code ({errorText}) is not valid. Valid codes are 4XX or 5XX.", "HttpErrorCodeReturnedEquals", errorText);
                }

                errorCode = code;
            }
        }

        var redirect = Child(element, "Redirect");
        if (redirect is null)
        {
            return Invalid("A Redirect must be provided for each RoutingRule.", "Redirect");
        }

        if (!Only(redirect, "HostName", "Protocol", "ReplaceKeyPrefixWith", "ReplaceKeyWith", "HttpRedirectCode") || !redirect.HasElements)
        {
            return redirect.HasElements ? S3Errors.MalformedXml() : Invalid("Redirect cannot be empty: give at least one of HostName, Protocol, ReplaceKeyPrefixWith, ReplaceKeyWith and HttpRedirectCode.", "Redirect");
        }

        var replacePrefix = Text(redirect, "ReplaceKeyPrefixWith");
        var replaceKey = Text(redirect, "ReplaceKeyWith");
        if (replacePrefix is not null && replaceKey is not null)
        {
            return Invalid("You can only define ReplaceKeyPrefix or ReplaceKey but not both.", "Redirect");
        }

        var protocol = Text(redirect, "Protocol");
        if (ProtocolProblem(protocol) is { } protocolProblem)
        {
            return protocolProblem;
        }

        int? redirectCode = null;
        if (Text(redirect, "HttpRedirectCode") is { } codeText)
        {
            if (!int.TryParse(codeText, NumberStyles.None, CultureInfo.InvariantCulture, out var code) || code is < 301 or > 399)
            {
                return Invalid($"The provided HTTP redirect code ({codeText}) is not valid. Valid codes are 3XX except 300.", "HttpRedirectCode", codeText);
            }

            redirectCode = code;
        }

        var host = Text(redirect, "HostName");
        rule = new WebsiteRoutingRule
        {
            KeyPrefixEquals = prefix,
            HttpErrorCodeReturnedEquals = errorCode,
            HostName = string.IsNullOrWhiteSpace(host) ? null : host.Trim(),
            Protocol = protocol,
            ReplaceKeyPrefixWith = replacePrefix,
            ReplaceKeyWith = replaceKey,
            HttpRedirectCode = redirectCode,
        };
        return null;
    }

    private static void WriteRule(XmlWriter writer, WebsiteRoutingRule rule)
    {
        writer.WriteStartElement("RoutingRule");
        if (rule.HasCondition)
        {
            writer.WriteStartElement("Condition");
            if (rule.HttpErrorCodeReturnedEquals is { } error)
            {
                writer.Element("HttpErrorCodeReturnedEquals", error);
            }

            if (rule.KeyPrefixEquals is not null)
            {
                writer.Element("KeyPrefixEquals", rule.KeyPrefixEquals);
            }

            writer.WriteEndElement();
        }

        writer.WriteStartElement("Redirect");
        Optional(writer, "HostName", rule.HostName);
        if (rule.HttpRedirectCode is { } code)
        {
            writer.Element("HttpRedirectCode", code);
        }

        Optional(writer, "Protocol", rule.Protocol);
        Optional(writer, "ReplaceKeyPrefixWith", rule.ReplaceKeyPrefixWith);
        Optional(writer, "ReplaceKeyWith", rule.ReplaceKeyWith);
        writer.WriteEndElement();
        writer.WriteEndElement();
    }

    private static void Optional(XmlWriter writer, string name, string? value)
    {
        if (value is not null)
        {
            writer.Element(name, value);
        }
    }

    private static S3Error? ProtocolProblem(string? protocol) =>
        protocol is null or "http" or "https"
            ? null
            : Invalid("Invalid protocol, protocol can be http or https. If not defined the protocol will be selected automatically.", "Protocol", protocol);

    private static S3Error Invalid(string message, string name, string? value = null) => S3Errors.InvalidArgument(message, name, value ?? "");

    /// <summary>Whether every child element of <paramref name="element"/> is one of <paramref name="names"/>, each once (RoutingRule may repeat).</summary>
    private static bool Only(XElement element, params ReadOnlySpan<string> names)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var child in element.Elements())
        {
            var name = child.Name.LocalName;
            if (!names.Contains(name) || (name != "RoutingRule" && !seen.Add(name)))
            {
                return false;
            }
        }

        return true;
    }

    private static XElement? Child(XElement element, string name) => element.Elements().FirstOrDefault(e => e.Name.LocalName == name);

    /// <summary>The text of the child element <paramref name="name"/>, or null when there is none.</summary>
    private static string? Text(XElement element, string name) => Child(element, name)?.Value;
}
