/// The after-call report's own words, in each language ToneCoach speaks. Numbers are filled
/// in by the caller, already formatted.
struct ReportWords: Sendable {
    var title: String
    var story: String
    var noEvents: String
    var cuesHeading: String
    var noCues: String
    var plainWords: String
    var wentWell: String
    var tryNext: String
    var keepGoing: String
    var cueCame: @Sendable (_ message: String, _ count: Int) -> String
    var paceGood: @Sendable (_ rate: String) -> String
    var paceFast: @Sendable (_ rate: String, _ bound: String) -> String
    var paceSlow: @Sendable (_ rate: String, _ bound: String) -> String
    var lively: @Sendable (_ spread: String) -> String
    var flat: @Sendable (_ spread: String) -> String
    var volumeGood: @Sendable (_ lufs: String) -> String
    var volumeLoud: @Sendable (_ lufs: String) -> String
    var volumeQuiet: @Sendable (_ lufs: String) -> String
    var roomGood: @Sendable (_ percent: Int) -> String
    var roomTip: @Sendable (_ percent: Int) -> String
    var noOvertalk: String
    var overtalkTip: @Sendable (_ count: Int) -> String
    var quietLine: String
    var speech: String
    var bothSpeaking: String
    var cue: String
    var agent: String
    var customer: String
    var footer: String

    static func language(_ code: String) -> ReportWords {
        switch code {
        case "pt": return portuguese
        case "es": return spanish
        case "ro": return romanian
        default: return english
        }
    }

    static let english = ReportWords(
        title: "After-call report", story: "What happened", noEvents: "No dead air, no talking over, no upset customer.",
        cuesHeading: "Cues during the call", noCues: "No cue fired: nothing was sustained enough to interrupt you for.",
        plainWords: "In plain words", wentWell: "What went well:", tryNext: "One thing to try on your next call:",
        keepGoing: "Keep doing what you did: nothing in your delivery needed a cue.",
        cueCame: { "\($0) — this cue came up \($1) time\($1 == 1 ? "" : "s")." },
        paceGood: { "Your pace was easy to follow (\($0) syllables per second while speaking)." },
        paceFast: { "Slow down a little: \($0) syllables per second is above the \($1) your profile calls rushed." },
        paceSlow: { "Keep the conversation moving: \($0) syllables per second is below the \($1) your profile calls slow." },
        lively: { "Your voice sounded lively (your pitch moved by \($0) semitones)." },
        flat: { "Let your voice move more: it moved by only \($0) semitones, which can sound flat." },
        volumeGood: { "Your volume was comfortable (\($0) LUFS)." },
        volumeLoud: { "Lower your voice a little: at \($0) LUFS you come across loud." },
        volumeQuiet: { "Speak up a little: at \($0) LUFS you are hard to hear." },
        roomGood: { "You left room for the customer: you did \($0) % of the talking." },
        roomTip: { "Let the customer talk more: you did \($0) % of the talking, and customers want to be heard." },
        noOvertalk: "You did not talk over the customer.",
        overtalkTip: { "Let the customer finish: you talked over them \($0) time\($0 == 1 ? "" : "s")." },
        quietLine: "silence", speech: "speech", bothSpeaking: "both speaking", cue: "cue", agent: "Agent",
        customer: "Customer", footer: "Made by ToneCoach from measurements only: this report holds no audio.")

    static let portuguese = ReportWords(
        title: "Relatório da chamada", story: "O que aconteceu",
        noEvents: "Sem silêncios longos, sem falar por cima, sem cliente aborrecido.",
        cuesHeading: "Avisos durante a chamada", noCues: "Nenhum aviso: nada durou o suficiente para o interromper.",
        plainWords: "Em palavras simples", wentWell: "O que correu bem:", tryNext: "Uma coisa a experimentar na próxima chamada:",
        keepGoing: "Continue assim: nada na sua forma de falar precisou de aviso.",
        cueCame: { "\($0) — este aviso apareceu \($1) \($1 == 1 ? "vez" : "vezes")." },
        paceGood: { "O seu ritmo foi fácil de acompanhar (\($0) sílabas por segundo a falar)." },
        paceFast: { "Abrande um pouco: \($0) sílabas por segundo passa das \($1) que o seu perfil considera apressado." },
        paceSlow: { "Mantenha a conversa a andar: \($0) sílabas por segundo fica abaixo das \($1) do seu perfil." },
        lively: { "A sua voz soou viva (a entoação variou \($0) semitons)." },
        flat: { "Dê mais movimento à voz: variou só \($0) semitons, o que pode soar monótono." },
        volumeGood: { "O seu volume foi confortável (\($0) LUFS)." },
        volumeLoud: { "Baixe um pouco a voz: a \($0) LUFS soa alto." },
        volumeQuiet: { "Fale um pouco mais alto: a \($0) LUFS ouve-se mal." },
        roomGood: { "Deu espaço ao cliente: falou \($0) % do tempo." },
        roomTip: { "Deixe o cliente falar mais: falou \($0) % do tempo, e os clientes querem ser ouvidos." },
        noOvertalk: "Não falou por cima do cliente.",
        overtalkTip: { "Deixe o cliente terminar: falou por cima dele \($0) \($0 == 1 ? "vez" : "vezes")." },
        quietLine: "silêncio", speech: "fala", bothSpeaking: "os dois a falar", cue: "aviso", agent: "Agente",
        customer: "Cliente", footer: "Feito pelo ToneCoach só com medições: este relatório não contém áudio.")

    static let spanish = ReportWords(
        title: "Informe de la llamada", story: "Qué pasó",
        noEvents: "Sin silencios largos, sin hablar encima, sin cliente molesto.",
        cuesHeading: "Avisos durante la llamada", noCues: "Ningún aviso: nada duró lo bastante como para interrumpirte.",
        plainWords: "En pocas palabras", wentWell: "Lo que salió bien:", tryNext: "Algo para probar en tu próxima llamada:",
        keepGoing: "Sigue así: nada en tu forma de hablar necesitó un aviso.",
        cueCame: { "\($0) — este aviso salió \($1) \($1 == 1 ? "vez" : "veces")." },
        paceGood: { "Tu ritmo fue fácil de seguir (\($0) sílabas por segundo al hablar)." },
        paceFast: { "Frena un poco: \($0) sílabas por segundo supera las \($1) que tu perfil considera apresurado." },
        paceSlow: { "Mantén la conversación en marcha: \($0) sílabas por segundo queda por debajo de las \($1) de tu perfil." },
        lively: { "Tu voz sonó viva (tu entonación varió \($0) semitonos)." },
        flat: { "Dale más movimiento a tu voz: varió solo \($0) semitonos, y puede sonar plana." },
        volumeGood: { "Tu volumen fue cómodo (\($0) LUFS)." },
        volumeLoud: { "Baja un poco la voz: a \($0) LUFS suenas fuerte." },
        volumeQuiet: { "Habla un poco más alto: a \($0) LUFS se te oye mal." },
        roomGood: { "Dejaste espacio al cliente: hablaste el \($0) % del tiempo." },
        roomTip: { "Deja hablar más al cliente: hablaste el \($0) % del tiempo, y los clientes quieren ser escuchados." },
        noOvertalk: "No hablaste encima del cliente.",
        overtalkTip: { "Deja terminar al cliente: le hablaste encima \($0) \($0 == 1 ? "vez" : "veces")." },
        quietLine: "silencio", speech: "voz", bothSpeaking: "los dos a la vez", cue: "aviso", agent: "Agente",
        customer: "Cliente", footer: "Hecho por ToneCoach solo con mediciones: este informe no contiene audio.")

    static let romanian = ReportWords(
        title: "Raportul apelului", story: "Ce s-a întâmplat",
        noEvents: "Fără tăceri lungi, fără vorbit peste client, fără client supărat.",
        cuesHeading: "Indicații în timpul apelului", noCues: "Nicio indicație: nimic n-a durat destul cât să te întrerupă.",
        plainWords: "Pe scurt", wentWell: "Ce a mers bine:", tryNext: "Un lucru de încercat la următorul apel:",
        keepGoing: "Continuă așa: nimic din felul în care ai vorbit n-a cerut o indicație.",
        cueCame: { "\($0) — indicația a apărut de \($1) \($1 == 1 ? "dată" : "ori")." },
        paceGood: { "Ritmul tău a fost ușor de urmărit (\($0) silabe pe secundă cât ai vorbit)." },
        paceFast: { "Încetinește puțin: \($0) silabe pe secundă trece de \($1), pragul de grabă din profilul tău." },
        paceSlow: { "Ține conversația în mișcare: \($0) silabe pe secundă e sub \($1), pragul din profilul tău." },
        lively: { "Vocea ta a sunat vie (intonația a variat cu \($0) semitonuri)." },
        flat: { "Pune mai multă mișcare în voce: a variat doar cu \($0) semitonuri și poate suna monoton." },
        volumeGood: { "Volumul tău a fost confortabil (\($0) LUFS)." },
        volumeLoud: { "Coboară puțin vocea: la \($0) LUFS suni tare." },
        volumeQuiet: { "Vorbește puțin mai tare: la \($0) LUFS se aude greu." },
        roomGood: { "I-ai lăsat loc clientului: ai vorbit \($0) % din timp." },
        roomTip: { "Lasă clientul să vorbească mai mult: ai vorbit \($0) % din timp, iar clienții vor să fie ascultați." },
        noOvertalk: "Nu ai vorbit peste client.",
        overtalkTip: { "Lasă clientul să termine: ai vorbit peste el de \($0) \($0 == 1 ? "dată" : "ori")." },
        quietLine: "tăcere", speech: "vorbire", bothSpeaking: "amândoi vorbesc", cue: "indicație", agent: "Agent",
        customer: "Client", footer: "Făcut de ToneCoach doar din măsurători: raportul nu conține audio.")
}
