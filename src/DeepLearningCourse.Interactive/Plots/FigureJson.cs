using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace DeepLearningCourse.Interactive;

/// <summary>
/// Compact figure JSON: Plotly.NET writes every number with full double precision (a float32 activation becomes
/// <c>0.03299199417233467</c>), which makes a histogram of 10,000 values or a 160×160 heatmap weigh megabytes in the
/// notebook and the handout. Rounding each number to <see cref="SignificantDigits"/> significant digits keeps every plot
/// pixel-identical and cuts the figure to about a third.
/// </summary>
public static class FigureJson
{
    /// <summary>Significant digits kept for each number (far below a pixel on any chart).</summary>
    public const int SignificantDigits = 6;

    /// <summary><paramref name="json"/> with every number rounded to <see cref="SignificantDigits"/> significant digits; strings and structure unchanged.</summary>
    public static string Compact(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        var input = Encoding.UTF8.GetBytes(json);
        var reader = new Utf8JsonReader(input, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, MaxDepth = 256 });
        var buffer = new ArrayBufferWriter<byte>(input.Length);
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = true, MaxDepth = 256 }))
        {
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.StartObject: writer.WriteStartObject(); break;
                    case JsonTokenType.EndObject: writer.WriteEndObject(); break;
                    case JsonTokenType.StartArray: writer.WriteStartArray(); break;
                    case JsonTokenType.EndArray: writer.WriteEndArray(); break;
                    case JsonTokenType.PropertyName: writer.WritePropertyName(reader.GetString()!); break;
                    case JsonTokenType.String: writer.WriteStringValue(reader.GetString()); break;
                    case JsonTokenType.True: writer.WriteBooleanValue(true); break;
                    case JsonTokenType.False: writer.WriteBooleanValue(false); break;
                    case JsonTokenType.Null: writer.WriteNullValue(); break;
                    case JsonTokenType.Number:
                        if (reader.TryGetInt64(out var whole)) writer.WriteNumberValue(whole);
                        else writer.WriteNumberValue(Round(reader.GetDouble()));
                        break;
                }
            }
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary><paramref name="value"/> rounded to <see cref="SignificantDigits"/> significant digits (shortest form when written).</summary>
    public static double Round(double value) =>
        double.IsFinite(value) ? double.Parse(value.ToString("G" + SignificantDigits, CultureInfo.InvariantCulture), CultureInfo.InvariantCulture) : value;
}
