package backprop.kernel;

import org.dflib.jjava.jupyter.kernel.HelpLink;
import org.dflib.jjava.jupyter.kernel.LanguageInfo;
import org.dflib.jjava.jupyter.kernel.history.HistoryEntry;
import org.dflib.jjava.jupyter.messages.ContentType;
import org.dflib.jjava.jupyter.messages.Header;
import org.dflib.jjava.jupyter.messages.MessageType;
import org.dflib.jjava.jupyter.messages.reply.CommInfoReply;
import org.dflib.jjava.jupyter.messages.reply.ExecuteReply;
import org.dflib.jjava.jupyter.messages.reply.KernelInfoReply;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The replies whose fields jjava-jupyter's own classes lack, as the Jupyter protocol has them. */
final class Replies {

    private Replies() {}

    /** execute_reply with the {@code payload} list (the pager's pages) the protocol defines. */
    static final class CellReply extends ExecuteReply {
        @SuppressWarnings("unused") private final List<Map<String, Object>> payload;

        CellReply(int count, List<Map<String, Object>> payload) {
            super(count, Map.of());
            this.payload = payload;
        }
    }

    /**
     * kernel_info_reply with the {@code status} field the protocol requires, and the
     * {@code iopub_welcome} feature ({@link IOPubSocket}) in {@code supported_features}.
     */
    static final class KernelInfo extends KernelInfoReply {
        @SuppressWarnings("unused") private final String status = "ok";
        @SuppressWarnings("unused") private final List<String> supported_features = List.of("iopub_welcome");

        KernelInfo(LanguageInfo language, String banner, List<HelpLink> links) {
            super(Header.PROTOCOL_VERISON, KernelVersion.IMPLEMENTATION, KernelVersion.VERSION, language, banner, links);
        }
    }

    /** comm_info_reply with the {@code status} field the protocol requires of every reply. */
    static final class CommInfo extends CommInfoReply {
        @SuppressWarnings("unused") private final String status = "ok";

        CommInfo(Map<String, CommInfoReply.CommInfo> comms) {
            super(comms);
        }
    }

    /**
     * history_reply: a {@code status}, and each entry a list {@code [session, line, input]} or
     * {@code [session, line, [input, output]]}.
     */
    static final class HistoryReply implements ContentType<HistoryReply> {
        @SuppressWarnings("unused") private final String status = "ok";
        @SuppressWarnings("unused") private final List<List<Object>> history = new ArrayList<>();

        HistoryReply(List<HistoryEntry> entries) {
            for (HistoryEntry e : entries) {
                Object io = e.hasOutput() ? List.of(e.getInput(), e.getOutput()) : e.getInput();
                history.add(List.of(e.getSession(), e.getCellNumber(), io));
            }
        }

        @Override
        @SuppressWarnings({"unchecked", "rawtypes"})
        public MessageType<HistoryReply> getType() {
            return (MessageType) MessageType.HISTORY_REPLY;
        }
    }
}
