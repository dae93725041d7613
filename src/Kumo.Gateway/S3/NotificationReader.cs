using System.Xml;
using System.Xml.Linq;

namespace Kumo.Gateway.S3;

/// <summary>
/// Reads a <c>PutBucketNotificationConfiguration</c> body: S3's <c>NotificationConfiguration</c>, with
/// <c>CloudFunctionConfiguration</c> elements (what the aws CLI and SDKs call <c>LambdaFunctionConfigurations</c>).
/// Throws <see cref="XmlException"/> for a document S3 would answer with MalformedXML.
/// </summary>
internal static class NotificationReader
{
    private static readonly HashSet<string> OtherDestinations = new(StringComparer.Ordinal)
    {
        "QueueConfiguration", "TopicConfiguration", "EventBridgeConfiguration",
    };

    public static NotificationRequest Read(ReadOnlyMemory<byte> body)
    {
        XDocument document;
        using (var reader = S3Xml.Reader(body))
        {
            document = XDocument.Load(reader);
        }

        var root = document.Root!;
        if (root.Name.LocalName != "NotificationConfiguration")
        {
            throw new XmlException($"the document is a {root.Name.LocalName}, not a NotificationConfiguration");
        }

        var functions = new List<NotificationDraft>();
        var others = new List<string>();
        foreach (var element in root.Elements())
        {
            var name = element.Name.LocalName;
            if (name == "CloudFunctionConfiguration")
            {
                functions.Add(ReadFunction(element));
            }
            else if (OtherDestinations.Contains(name))
            {
                if (!others.Contains(name))
                {
                    others.Add(name);
                }
            }
            else
            {
                throw new XmlException($"unexpected element {name} in NotificationConfiguration");
            }
        }

        return new NotificationRequest(functions, others);
    }

    private static NotificationDraft ReadFunction(XElement configuration)
    {
        string? id = null, function = null;
        var events = new List<string>();
        var rules = new List<(string, string)>();
        foreach (var element in configuration.Elements())
        {
            switch (element.Name.LocalName)
            {
                case "Id":
                    id = Single(id, element);
                    break;
                case "CloudFunction":
                    function = Single(function, element);
                    break;
                case "Event":
                    events.Add(element.Value.Trim());
                    break;
                case "Filter":
                    rules.AddRange(ReadFilter(element));
                    break;
                case "InvocationRole":
                    // The deprecated PutBucketNotification's IAM role for S3 to assume: Kumo has no IAM, and invokes the function itself.
                    break;
                default:
                    throw new XmlException($"unexpected element {element.Name.LocalName} in CloudFunctionConfiguration");
            }
        }

        return new NotificationDraft { Id = id, CloudFunction = function, Events = events, FilterRules = rules };
    }

    private static IEnumerable<(string Name, string Value)> ReadFilter(XElement filter)
    {
        foreach (var key in filter.Elements())
        {
            if (key.Name.LocalName != "S3Key")
            {
                throw new XmlException($"unexpected element {key.Name.LocalName} in Filter");
            }

            foreach (var rule in key.Elements())
            {
                if (rule.Name.LocalName != "FilterRule")
                {
                    throw new XmlException($"unexpected element {rule.Name.LocalName} in S3Key");
                }

                string? name = null, value = null;
                foreach (var part in rule.Elements())
                {
                    switch (part.Name.LocalName)
                    {
                        case "Name":
                            name = Single(name, part);
                            break;
                        case "Value":
                            value = Single(value, part);
                            break;
                        default:
                            throw new XmlException($"unexpected element {part.Name.LocalName} in FilterRule");
                    }
                }

                yield return (name ?? "", value ?? "");
            }
        }
    }

    private static string Single(string? earlier, XElement element) =>
        earlier is null ? element.Value : throw new XmlException($"{element.Name.LocalName} is given twice");
}
