import Foundation
import Testing

@testable import SalesModel

/// The catalogue of metrics sizes and places every value: counts follow the enums, offsets
/// are unique and in range, and the schema reads the same at every offset.
@Suite struct MetricCatalogueTests {
  static let layout = MetricLayout(
    levels: ["junior", "senior"], stages: ["first_contact", "meeting", "proposal"])

  @Test func countsFollowTheCases() {
    #expect(Metric.count == Metric.allCases.count)
    #expect(TeamMetric.count == TeamMetric.allCases.count)
    let l = Self.layout
    #expect(l.perGroup == Metric.allCases.count + StageMetric.allCases.count * l.stages.count)
    #expect(l.schema.scalars.count == l.scalarCount)
    #expect(
      l.schema.series.count
        == SeriesMetric.allCases.count + (l.groups.count - 1) * SeriesMetric.perLevel.count)
    for (level, name) in l.groups.dropFirst().enumerated() {
      for metric in SeriesMetric.perLevel {
        let d = l.schema.series[l.offset(metric, level: level)]
        #expect(d.key == metric.key && d.group == name)
      }
    }
    for metric in SeriesMetric.allCases {
      #expect(l.schema.series[l.offset(metric)].key == metric.key)
      #expect(l.schema.series[l.offset(metric)].group == MetricLayout.team)
    }
    #expect(l.schema.samples.count == l.groups.count * SampleMetric.allCases.count)
  }

  @Test func everyOffsetIsUniqueInRangeAndNamesItsMetric() {
    let l = Self.layout
    var seen = Set<Int>()
    func place(_ offset: Int, _ key: String, _ group: String, _ unit: MetricUnit) {
      #expect((0..<l.scalarCount).contains(offset), "\(key).\(group) at \(offset)")
      #expect(seen.insert(offset).inserted, "\(key).\(group) shares offset \(offset)")
      guard l.schema.scalars.indices.contains(offset) else { return }
      let d = l.schema.scalars[offset]
      #expect(d.key == key && d.group == group && d.unit == unit, "\(d) at \(offset)")
    }
    for (g, group) in l.groups.enumerated() {
      for m in Metric.allCases { place(l.offset(m, group: g), m.key, group, m.unit) }
      for kind in StageMetric.allCases {
        for (k, stage) in l.stages.enumerated() {
          place(l.offset(kind, stage: k, group: g), kind.key(stage), group, kind.unit)
        }
      }
    }
    for m in TeamMetric.allCases { place(l.offset(m), m.key, "team", m.unit) }
    #expect(seen.count == l.scalarCount)
    for s in SeriesMetric.allCases { #expect(l.schema.series[l.offset(s)].key == s.key) }
    for (g, group) in l.groups.enumerated() {
      for s in SampleMetric.allCases {
        let d = l.schema.samples[l.offset(s, group: g)]
        #expect(d.key == s.key && d.group == group)
      }
    }
  }

  @Test func keysAreUniqueWithinAGroup() {
    let keys =
      Metric.allCases.map(\.key) + TeamMetric.allCases.map(\.key)
      + DerivedMetric.allCases.map(\.key)
    #expect(Set(keys).count == keys.count)
  }

  /// Ratios are built from counted metrics and sums only, so the order they are computed in
  /// does not matter.
  @Test func ratiosReadOnlyCountedValues() {
    for m in Metric.allCases {
      guard case .ratio(let numerator, let denominator) = m.derivation else { continue }
      #expect(!denominator.isEmpty, "\(m.key)")
      for other in [numerator] + denominator {
        guard case .counted = other.derivation else {
          Issue.record("\(m.key) reads the derived \(other.key)")
          continue
        }
      }
    }
  }

  /// The service desk's metrics follow the team metrics, the desk's own first, then channel
  /// after channel; each key names its channel back, even a channel named like a suffix.
  @Test func deskMetricsFollowTheTeamMetricsChannelByChannel() {
    let channels = ["phone", "answered", "mail_2"]
    let l = MetricLayout(levels: ["junior"], stages: ["close"], deskChannels: channels)
    let plain = MetricLayout(levels: ["junior"], stages: ["close"])
    #expect(l.scalarCount == plain.scalarCount + DeskMetric.allCases.count
      + channels.count * DeskChannelMetric.allCases.count)
    #expect(l.schema.scalars.count == l.scalarCount)
    #expect(Array(l.schema.scalars.prefix(plain.scalarCount)) == plain.schema.scalars)
    var seen = Set<Int>()
    for m in DeskMetric.allCases {
      let d = l.schema.scalars[l.offset(m)]
      #expect(d.key == m.key && d.group == "team" && d.unit == m.unit)
      seen.insert(l.offset(m))
    }
    for (c, name) in channels.enumerated() {
      for m in DeskChannelMetric.allCases {
        let d = l.schema.scalars[l.offset(m, channel: c)]
        #expect(d.key == m.key(name) && d.group == "team" && d.unit == m.unit)
        let named = DeskChannelMetric.allCases.compactMap { $0.channel(inKey: d.key) }
        #expect(named == [name], "\(d.key) names \(named)")
        seen.insert(l.offset(m, channel: c))
      }
    }
    #expect(seen.count == l.scalarCount - plain.scalarCount)
  }

  /// Units are written as today's strings, and read back.
  @Test func unitsSerialiseAsTheirNames() throws {
    #expect(
      MetricUnit.allCases.map(\.name) == ["count", "share", "days", MetricUnit.currency, "minutes"])
    let d = MetricDescriptor(key: "bookings", group: "team", unit: .money, label: "Bookings")
    let json = String(decoding: try JSONEncoder().encode(d), as: UTF8.self)
    #expect(json.contains("\"unit\":\"\(MetricUnit.currency)\""))
    #expect(try JSONDecoder().decode(MetricDescriptor.self, from: Data(json.utf8)) == d)
    #expect(MetricUnit(name: "hours") == nil)
  }
}
