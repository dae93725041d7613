using System.Text;
using System.Xml;
using Kumo.Abstractions.Functions;
using Kumo.Abstractions.Objects;
using Kumo.Gateway.S3;

namespace Kumo.Gateway.Tests.S3;

/// <summary>PutBucketNotificationConfiguration's document: read as the aws CLI and SDKs write it, checked as S3 checks it, written back.</summary>
public sealed class NotificationConfigurationTests
{
    private const string Arn = "arn:aws:lambda:us-east-1:000000000000:function:thumbs";
    private static readonly PlatformRegion Region = new("us-east-1", "000000000000");

    private static NotificationRequest Read(string inner) =>
        NotificationReader.Read(Encoding.UTF8.GetBytes(
            $"""<NotificationConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/">{inner}</NotificationConfiguration>"""));

    private static string Function(string events, string? id = null, string arn = Arn, string filter = "") =>
        $"<CloudFunctionConfiguration>{(id is null ? "" : $"<Id>{id}</Id>")}<CloudFunction>{arn}</CloudFunction>{events}{filter}</CloudFunctionConfiguration>";

    private static string Events(params string[] names) => string.Concat(names.Select(n => $"<Event>{n}</Event>"));

    private static string Filter(params (string Name, string Value)[] rules) =>
        "<Filter><S3Key>" + string.Concat(rules.Select(r => $"<FilterRule><Name>{r.Name}</Name><Value>{r.Value}</Value></FilterRule>")) + "</S3Key></Filter>";

    private static BucketNotification Accepted(string inner)
    {
        var ids = 0;
        var error = NotificationRules.Check(Read(inner), () => "made-" + ++ids, out var notification);
        Assert.True(error is null, error?.Message);
        return notification;
    }

    private static S3Error Refused(string inner)
    {
        var error = NotificationRules.Check(Read(inner), NotificationRules.NewId, out _);
        Assert.NotNull(error);
        return error;
    }

    [Fact]
    public void Check_AwsCliDocument_KeepsEveryPart()
    {
        var notification = Accepted(
            Function(Events("s3:ObjectCreated:*", "s3:ObjectRemoved:Delete"), "thumbnails", filter: Filter(("prefix", "uploads/"), ("Suffix", ".jpg")))
            + Function(Events("s3:ObjectCreated:Put"), arn: Arn + ":$LATEST", filter: Filter(("Prefix", "logs/"))));

        Assert.Equal(2, notification.Functions.Count);
        var first = notification.Functions[0];
        Assert.Equal(
            new FunctionNotification
            {
                Id = "thumbnails",
                FunctionArn = Arn,
                FunctionName = "thumbs",
                Events = first.Events,
                Prefix = "uploads/",
                Suffix = ".jpg",
            },
            first);
        Assert.Equal(["s3:ObjectCreated:*", "s3:ObjectRemoved:Delete"], first.Events);
        Assert.Equal(("made-1", "thumbs", "$LATEST", "logs/", (string?)null), (notification.Functions[1].Id, notification.Functions[1].FunctionName,
            notification.Functions[1].Qualifier, notification.Functions[1].Prefix, notification.Functions[1].Suffix));
    }

    [Fact]
    public void Check_EmptyConfiguration_IsAcceptedWithNoFunctions()
    {
        Assert.Empty(Accepted("").Functions);
    }

    [Fact]
    public void Check_IdsLeftOut_AreMadeAndUnique()
    {
        var error = NotificationRules.Check(
            Read(Function(Events("s3:ObjectCreated:*"), filter: Filter(("prefix", "a/"))) + Function(Events("s3:ObjectCreated:*"), filter: Filter(("prefix", "b/")))),
            NotificationRules.NewId,
            out var checkedOne);

        Assert.Null(error);
        Assert.All(checkedOne.Functions, f => Assert.False(string.IsNullOrWhiteSpace(f.Id)));
        Assert.NotEqual(checkedOne.Functions[0].Id, checkedOne.Functions[1].Id);
    }

    [Theory]
    [InlineData("QueueConfiguration")]
    [InlineData("TopicConfiguration")]
    [InlineData("EventBridgeConfiguration")]
    public void Check_OtherDestinations_Are501NamingThem(string element)
    {
        var error = Refused(Function(Events("s3:ObjectCreated:*")) + $"<{element}><Event>s3:ObjectCreated:*</Event></{element}>");

        Assert.Equal((501, "NotImplemented"), (error.Status, error.Code));
        Assert.Contains(element, error.Message, StringComparison.Ordinal);
        Assert.Contains("CloudFunctionConfiguration", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("s3:ObjectCreated")]
    [InlineData("s3:objectcreated:*")]
    [InlineData("ObjectCreated:Put")]
    [InlineData("s3:ObjectCreated:Patch")]
    [InlineData("s3:*")]
    public void Check_UnknownEvent_IsInvalidArgumentNamingIt(string name)
    {
        var error = Refused(Function(Events("s3:ObjectCreated:Put", name)));

        Assert.Equal((400, "InvalidArgument"), (error.Status, error.Code));
        Assert.StartsWith("The event is not supported for notifications", error.Message, StringComparison.Ordinal);
        Assert.Contains(new KeyValuePair<string, string>("ArgumentValue", name), error.Details);
    }

    [Theory]
    [InlineData("s3:ObjectRestore:Completed")]
    [InlineData("s3:ObjectTagging:*")]
    [InlineData("s3:LifecycleExpiration:Delete")]
    public void Check_EventKumoNeverProduces_Is501(string name)
    {
        var error = Refused(Function(Events(name)));

        Assert.Equal((501, "NotImplemented"), (error.Status, error.Code));
        Assert.Contains(name, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("s3:ObjectCreated:*")]
    [InlineData("s3:ObjectCreated:Put")]
    [InlineData("s3:ObjectCreated:Post")]
    [InlineData("s3:ObjectCreated:Copy")]
    [InlineData("s3:ObjectCreated:CompleteMultipartUpload")]
    [InlineData("s3:ObjectRemoved:*")]
    [InlineData("s3:ObjectRemoved:Delete")]
    [InlineData("s3:ObjectRemoved:DeleteMarkerCreated")]
    public void Check_EveryEventKumoSends_IsAccepted(string name)
    {
        Assert.Equal([name], Accepted(Function(Events(name))).Functions[0].Events);
    }

    [Fact]
    public void Check_NoEvent_IsMalformedXml()
    {
        var error = Refused(Function(""));

        Assert.Equal("MalformedXML", error.Code);
        Assert.Contains("at least one Event", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("thumbs")]
    [InlineData("arn:aws:s3:::bucket")]
    [InlineData("arn:aws:lambda:us-east-1:000000000000:thumbs")]
    [InlineData("arn:aws:lambda:us-east-1:000000000000:function:bad name")]
    [InlineData("arn:aws:sqs:us-east-1:000000000000:function:thumbs")]
    public void Check_NotAFunctionArn_IsInvalidArgument(string arn)
    {
        var error = Refused(Function(Events("s3:ObjectCreated:*"), arn: arn));

        Assert.Equal("InvalidArgument", error.Code);
        Assert.StartsWith("The ARN could not be parsed", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("prefix", "prefix")]
    [InlineData("Suffix", "suffix")]
    public void Check_TwoRulesOfOneName_IsInvalidArgument(string name, string lower)
    {
        var error = Refused(Function(Events("s3:ObjectCreated:*"), filter: Filter((lower, "a"), (name, "b"))));

        Assert.Equal("InvalidArgument", error.Code);
        Assert.Equal($"Cannot specify more than one {lower} rule in a filter.", error.Message);
    }

    [Fact]
    public void Check_RuleNameNeitherPrefixNorSuffix_IsInvalidArgument()
    {
        var error = Refused(Function(Events("s3:ObjectCreated:*"), filter: Filter(("contains", "a"))));

        Assert.Equal(("InvalidArgument", "filter rule name must be either prefix or suffix"), (error.Code, error.Message));
    }

    [Fact]
    public void Check_OneIdTwice_IsInvalidArgument()
    {
        var error = Refused(
            Function(Events("s3:ObjectCreated:*"), "same", filter: Filter(("prefix", "a/")))
            + Function(Events("s3:ObjectCreated:*"), "same", filter: Filter(("prefix", "b/"))));

        Assert.Equal("InvalidArgument", error.Code);
        Assert.Contains("'same'", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("s3:ObjectCreated:*", "", "", "s3:ObjectCreated:Put", "", "")]
    [InlineData("s3:ObjectCreated:Put", "images/", "", "s3:ObjectCreated:Put", "images/raw/", "")]
    [InlineData("s3:ObjectCreated:*", "", ".jpg", "s3:ObjectCreated:Copy", "", "big.jpg")]
    [InlineData("s3:ObjectRemoved:*", "a/", ".png", "s3:ObjectRemoved:Delete", "", "")]
    [InlineData("s3:ObjectCreated:Put", "a/", "", "s3:ObjectCreated:Put", "", ".png")]
    public void Check_OverlappingConfigurations_AreRefused(string event1, string prefix1, string suffix1, string event2, string prefix2, string suffix2)
    {
        var error = Refused(Configuration("one", event1, prefix1, suffix1) + Configuration("two", event2, prefix2, suffix2));

        Assert.Equal("InvalidArgument", error.Code);
        Assert.StartsWith("Configuration is ambiguously defined. Cannot have overlapping suffixes in two rules if the prefixes are overlapping", error.Message, StringComparison.Ordinal);
        Assert.Contains("'one' and 'two'", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("s3:ObjectCreated:*", "", "", "s3:ObjectRemoved:*", "", "")]
    [InlineData("s3:ObjectCreated:Put", "", "", "s3:ObjectCreated:Copy", "", "")]
    [InlineData("s3:ObjectCreated:*", "images/", "", "s3:ObjectCreated:*", "videos/", "")]
    [InlineData("s3:ObjectCreated:*", "", ".jpg", "s3:ObjectCreated:*", "", ".png")]
    [InlineData("s3:ObjectCreated:*", "a/", ".jpg", "s3:ObjectCreated:*", "a/", ".png")]
    public void Check_ConfigurationsThatCannotShareAChange_AreAccepted(string event1, string prefix1, string suffix1, string event2, string prefix2, string suffix2)
    {
        Assert.Equal(2, Accepted(Configuration("one", event1, prefix1, suffix1) + Configuration("two", event2, prefix2, suffix2)).Functions.Count);
    }

    [Theory]
    [InlineData("<Other/>")]
    [InlineData("<CloudFunctionConfiguration><Queue>x</Queue></CloudFunctionConfiguration>")]
    [InlineData("<CloudFunctionConfiguration><Id>a</Id><Id>b</Id></CloudFunctionConfiguration>")]
    [InlineData("<CloudFunctionConfiguration><Filter><S3Key><Rule/></S3Key></Filter></CloudFunctionConfiguration>")]
    public void Read_UnexpectedElements_AreMalformed(string inner)
    {
        Assert.Throws<XmlException>(() => Read(inner));
    }

    [Fact]
    public void Read_OtherRootOrADtd_IsMalformed()
    {
        Assert.Throws<XmlException>(() => NotificationReader.Read("<WebsiteConfiguration/>"u8.ToArray()));
        Assert.Throws<XmlException>(() => NotificationReader.Read(
            """<!DOCTYPE x [<!ENTITY e "boom">]><NotificationConfiguration>&e;</NotificationConfiguration>"""u8.ToArray()));
    }

    [Fact]
    public void Read_DeprecatedInvocationRole_IsAccepted()
    {
        var request = Read($"<CloudFunctionConfiguration><Id>old</Id><InvocationRole>arn:aws:iam::000000000000:role/s3</InvocationRole>" +
            $"<CloudFunction>{Arn}</CloudFunction><Event>s3:ObjectCreated:Put</Event></CloudFunctionConfiguration>");

        Assert.Equal(Arn, Assert.Single(request.Functions).CloudFunction);
    }

    [Fact]
    public void Write_ThenRead_GivesTheSameConfiguration()
    {
        var notification = Accepted(
            Function(Events("s3:ObjectCreated:*"), "a&amp;b&lt;c&gt;", filter: Filter(("prefix", "up loads/"), ("suffix", ".jpg")))
            + Function(Events("s3:ObjectRemoved:*"), "removed"));

        var written = NotificationWriter.Write(notification);
        var reread = NotificationRules.Check(NotificationReader.Read(written), () => throw new InvalidOperationException("every id is given"), out var again);

        Assert.Null(reread);
        Assert.Equal("a&b<c>", again.Functions[0].Id);
        Assert.Equal(notification.ToJson(), again.ToJson());
        Assert.Contains("<Name>Prefix</Name><Value>up loads/</Value>", Encoding.UTF8.GetString(written), StringComparison.Ordinal);
    }

    [Fact]
    public void Write_NoConfiguration_IsAnEmptyDocument()
    {
        Assert.Equal(
            """<?xml version="1.0" encoding="utf-8"?><NotificationConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/" />""",
            Encoding.UTF8.GetString(NotificationWriter.Write(null)));
    }

    [Fact]
    public async Task DestinationProblems_NameEveryFunctionThatCannotBeInvoked()
    {
        var notification = Accepted(
            Function(Events("s3:ObjectCreated:Put"), "here")
            + Function(Events("s3:ObjectCreated:Copy"), "gone", "arn:aws:lambda:us-east-1:000000000000:function:gone")
            + Function(Events("s3:ObjectRemoved:*"), "elsewhere", "arn:aws:lambda:eu-west-1:000000000000:function:thumbs")
            + Function(Events("s3:ObjectCreated:Post"), "version", Arn + ":7"));

        var problems = await NotificationRules.DestinationProblems(notification, Region, name => Task.FromResult(name == "thumbs"));

        Assert.Equal(
            ["arn:aws:lambda:us-east-1:000000000000:function:gone", "arn:aws:lambda:eu-west-1:000000000000:function:thumbs", Arn + ":7"],
            problems.Select(p => p.Arn));
        Assert.Contains("there is no function 'gone'", problems[0].Reason, StringComparison.Ordinal);
        Assert.Contains("not a function of this Kumo", problems[1].Reason, StringComparison.Ordinal);
        Assert.Contains("$LATEST", problems[2].Reason, StringComparison.Ordinal);

        var error = NotificationRules.UnableToValidate(problems);
        Assert.Equal((400, "InvalidArgument"), (error.Status, error.Code));
        Assert.StartsWith("Unable to validate the following destination configurations: arn:aws:lambda:us-east-1:000000000000:function:gone (", error.Message, StringComparison.Ordinal);
        Assert.Contains(new KeyValuePair<string, string>("ArgumentName3", Arn + ":7"), error.Details);
    }

    [Theory]
    [InlineData("s3:ObjectCreated:*", "ObjectCreated:Put", true)]
    [InlineData("s3:ObjectCreated:*", "ObjectCreated:CompleteMultipartUpload", true)]
    [InlineData("s3:ObjectCreated:*", "ObjectRemoved:Delete", false)]
    [InlineData("s3:ObjectCreated:Put", "ObjectCreated:Put", true)]
    [InlineData("s3:ObjectCreated:Put", "ObjectCreated:Copy", false)]
    [InlineData("s3:ObjectRemoved:*", "ObjectRemoved:Delete", true)]
    [InlineData("s3:ObjectRemoved:DeleteMarkerCreated", "ObjectRemoved:Delete", false)]
    public void Matches_EventTypesCoverTheirChanges(string eventType, string eventName, bool matches)
    {
        var function = new FunctionNotification { Id = "a", FunctionArn = Arn, FunctionName = "thumbs", Events = [eventType], Prefix = "up/", Suffix = ".jpg" };

        Assert.Equal(matches, function.Matches(Change("up/cat.jpg", eventName)));
        Assert.False(function.Matches(Change("down/cat.jpg", eventName)));
        Assert.False(function.Matches(Change("up/cat.JPG", eventName)));
    }

    private static string Configuration(string id, string eventType, string prefix, string suffix)
    {
        var rules = new List<(string, string)>();
        if (prefix.Length > 0)
        {
            rules.Add(("prefix", prefix));
        }

        if (suffix.Length > 0)
        {
            rules.Add(("suffix", suffix));
        }

        return Function(Events(eventType), id, filter: rules.Count == 0 ? "" : Filter([.. rules]));
    }

    private static ObjectChange Change(string key, string eventName) => new()
    {
        Sequence = 1,
        TenantId = "default",
        Bucket = "b",
        Key = key,
        EventName = eventName,
        Time = DateTimeOffset.UnixEpoch,
    };
}
