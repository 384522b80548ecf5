import Foundation
import PumpProtocol
import Testing

@testable import PumpSimulator

/// The worked examples of docs/protocol.md §14, byte for byte: the document's frames were produced by its
/// independent reference encoder, so a simulator that reproduces them speaks the protocol as written.
@Suite("docs/protocol.md §14 sessions, byte for byte")
struct DocumentSessionTests {
    /// The pump of §14: address 01, identity of the IDEN example, battery 87 %, boot 5A3C9E01, first token 9F3B0C2E.
    static func documentPump() throws -> PumpHarness {
        try PumpHarness(battery: 87, generator: ScriptedGenerator([0x5A3C_9E01, 0x9F3B_0C2E]))
    }

    /// §14.1 then §14.2, §14.3, §14.4: one session from IDEN to CLRV.
    @Test func normalInfusionStartTwiceDoorAndCompletion() throws {
        var pump = try Self.documentPump()
        // §14.1
        #expect(pump.exchange("$01|0001|CMD|IDEN|000||B133")
            == "$01|0001|ACK|IDEN|073|model=VP-1%20Volumetric;serial=SN-004217;fw=2.3.1;proto=1.0;boot=5A3C9E01|683C")
        #expect(pump.exchange("$01|0002|CMD|STAT|000||8E84")
            == "$01|0002|ACK|STAT|070|state=idle;rate=0;vtbi=0;vi=0;kvo=0;rem=0;bat=87;alarms=;boot=5A3C9E01|5FA5")
        #expect(pump.exchange("$01|0003|CMD|SETP|052|rate=66.6;vtbi=100;drug=tocilizumab;conc=5.6;wdog=30|5B85")
            == "$01|0003|ACK|SETP|000||0301")
        #expect(pump.exchange("$01|0004|CMD|READ|000||D32F")
            == "$01|0004|ACK|READ|067|rate=66.6;vtbi=100;drug=tocilizumab;conc=5.6;wdog=30;token=9F3B0C2E|3B1B")
        #expect(pump.exchange("$01|0005|CMD|STRT|014|token=9F3B0C2E|683C")
            == "$01|0005|ACK|STRT|081|state=running;rate=66.6;vtbi=100;vi=0;kvo=0;rem=5406;bat=87;alarms=;boot=5A3C9E01|169F")
        // §14.2 (last remark): a retransmission of the identical STRT bytes gets the cached ACK byte for byte,
        // and nothing is executed again.
        #expect(pump.exchange("$01|0005|CMD|STRT|014|token=9F3B0C2E|683C")
            == "$01|0005|ACK|STRT|081|state=running;rate=66.6;vtbi=100;vi=0;kvo=0;rem=5406;bat=87;alarms=;boot=5A3C9E01|169F")
        #expect(pump.exchange("$01|0006|CMD|KEEP|000||D237") == "$01|0006|ACK|KEEP|000||C354")

        // §14.2: START again with a new sequence number: the token is spent.
        #expect(pump.exchange("$01|0007|CMD|STRT|014|token=9F3B0C2E|99D1") == "$01|0007|NAK|STRT|016|reason=tokenUsed|E3A6")
        #expect(pump.state == .running)

        // §14.3: 12.5 mL at 66.6 mL/h take 12.5 × 3600 / 66.6 = 675.675675... s; the first whole nanosecond at which
        // 666 (tenths of mL/h) × t reaches 12.5 mL is t = 675 675 675 676 ns. The battery, 87 % at 1 % per 6 minutes
        // of running, is at 87 − 675.68 / 360 = 85.12 %, shown rounded up: 86. Simulated time only: the wall clock
        // (watchdog) does not move.
        pump.advance(simulated: .nanoseconds(675_675_675_676))
        #expect(pump.status.volumeInfusedMl == decimal("12.5"))
        pump.notices += pump.pump.setCause(.doorOpen, present: true, at: pump.instant)
        #expect(pump.events.map { String(decoding: $0.encoded().dropLast(2), as: UTF8.self) }
            == ["$01|0000|EVT|ALRM|094|alarm=door;state=alarm;rate=0;vtbi=100;vi=12.5;kvo=0;rem=4730;bat=86;alarms=door;boot=5A3C9E01|32C9"])
        pump.notices += pump.pump.setCause(.doorOpen, present: false, at: pump.instant)
        #expect(pump.exchange("$01|0008|CMD|ALAK|000||8D68")
            == "$01|0008|ACK|ALAK|080|state=paused;rate=0;vtbi=100;vi=12.5;kvo=0;rem=4730;bat=86;alarms=;boot=5A3C9E01|4FC6")
        #expect(pump.exchange("$01|0009|CMD|RESM|000||DE5E")
            == "$01|0009|ACK|RESM|084|state=running;rate=66.6;vtbi=100;vi=12.5;kvo=0;rem=4730;bat=86;alarms=;boot=5A3C9E01|8EC0")

        // §14.4: the program completes after ⌈100 mL / 66.6 mL/h⌉ of running = ⌈5405.405405405...⌉ s at
        // nanosecond resolution = 5 405 405 405 406 ns (the door stopped nothing in simulated time), then KVO at
        // 1 mL/h: 16.5 minutes = 990 s give 0.275 mL. The document's battery then reads 80 %: set it so (mains).
        pump.advance(simulated: .nanoseconds(5_405_405_405_406 + 990_000_000_000 - 675_675_675_676))
        #expect(pump.state == .complete)
        pump.notices += pump.pump.setBattery(percent: 80, at: pump.instant)
        #expect(pump.exchange("$01|0010|CMD|STAT|000||6B79")
            == "$01|0010|ACK|STAT|090|state=complete;rate=1;vtbi=100;vi=100;kvo=0.275;rem=0;bat=80;alarms=complete;boot=5A3C9E01|CF59")
        #expect(pump.exchange("$01|0011|CMD|STOP|000||F1AC")
            == "$01|0011|ACK|STOP|076|state=idle;rate=0;vtbi=0;vi=100;kvo=0.275;rem=0;bat=80;alarms=;boot=5A3C9E01|4AE8")
        #expect(pump.exchange("$01|0012|CMD|CLRV|000||3289")
            == "$01|0012|ACK|CLRV|070|state=idle;rate=0;vtbi=0;vi=0;kvo=0;rem=0;bat=80;alarms=;boot=5A3C9E01|D438")
    }

    /// §14.5: each refusal in a pump state where it applies.
    @Test func refusals() throws {
        var pump = try Self.documentPump()
        #expect(pump.exchange("$01|0101|CMD|SETP|052|rate=1000;vtbi=100;drug=tocilizumab;conc=5.6;wdog=30|9E17")
            == "$01|0101|NAK|SETP|040|reason=badValue;field=rate;problem=range|6F0C")
        #expect(pump.exchange("$01|0103|CMD|STAT|000||319A") == "$01|0103|NAK|STAT|010|reason=crc|9CAA")
        #expect(pump.exchange("$01|0104|CMD|BOLU|005|vol=5|57F3") == "$01|0104|NAK|BOLU|021|reason=unknownCommand|8AFA")
        #expect(pump.exchange("$01|0105|CMD|SETP|035|rate=66.6;drug=tocilizumab;conc=5.6|9643")
            == "$01|0105|NAK|SETP|030|reason=missingField;field=vtbi|C8A6")
        #expect(pump.exchange("$01|0105|CMD|STAT|000||E6F1") == "$01|0105|NAK|STAT|021|reason=sequenceReused|5FCC")
        #expect(pump.exchange("$01|0109|CMD|STAT|009|verbose=1|9D90") == "$01|0109|NAK|STAT|033|reason=unknownField;field=verbose|115C")
        #expect(pump.exchange("$01|0110|CMD|SETP|045|rate=66.65;vtbi=100;drug=tocilizumab;conc=5.6|FFAF")
            == "$01|0110|NAK|SETP|044|reason=badValue;field=rate;problem=precision|DAC6")
        #expect(pump.exchange("$01|0111|CMD|SETP|051|rate=66.6;vtbi=100;drug=tocilizumab;conc=5.6;wdog=30|9973")
            == "$01|0111|NAK|SETP|016|reason=malformed|F164")

        // Programmed with token 9F3B0C2E: a made-up token is refused.
        #expect(pump.exchange("$01|0003|CMD|SETP|052|rate=66.6;vtbi=100;drug=tocilizumab;conc=5.6;wdog=30|5B85")
            == "$01|0003|ACK|SETP|000||0301")
        #expect(pump.exchange("$01|0108|CMD|STRT|014|token=0000BEEF|4567") == "$01|0108|NAK|STRT|020|reason=tokenMismatch|5BF7")

        // Running, then paused: PAUS again is refused with the state.
        #expect(pump.exchange("$01|0005|CMD|STRT|014|token=9F3B0C2E|683C")?.hasPrefix("$01|0005|ACK|STRT|") == true)
        _ = try pump.send(.pause)
        #expect(pump.exchange("$01|0102|CMD|PAUS|000||F8D4") == "$01|0102|NAK|PAUS|030|reason=wrongState;state=paused|18E7")

        // Paused with an occlusion and air: RESM names both raised motor-stopping alarms, in table order.
        pump.notices += pump.pump.setCause(.airInLine, present: true, at: pump.instant)
        pump.notices += pump.pump.setCause(.occlusionDownstream, present: true, at: pump.instant)
        #expect(pump.exchange("$01|0106|CMD|RESM|000||916E") == "$01|0106|NAK|RESM|035|reason=alarmActive;alarms=occdn,air|DBDC")

        // Idle with vi = 100 (a finished infusion, stopped, not cleared): SETP is refused until CLRV.
        pump.notices += pump.pump.setCause(.airInLine, present: false, at: pump.instant)
        pump.notices += pump.pump.setCause(.occlusionDownstream, present: false, at: pump.instant)
        _ = try pump.send(.acknowledgeAlarm)
        _ = try pump.send(.resume)
        pump.advance(simulated: .seconds(5406))
        #expect(pump.status.volumeInfusedMl == 100)
        _ = try pump.send(.stop)
        #expect(pump.exchange("$01|0107|CMD|SETP|052|rate=66.6;vtbi=100;drug=tocilizumab;conc=5.6;wdog=30|62BC")
            == "$01|0107|NAK|SETP|023|reason=volumeNotCleared|CCA1")
    }
}
