// Calls: the table of all calls with filters, and the detail of the open call.
import { RecentCalls } from './RecentCalls';

export function CallsView() {
  return <RecentCalls />;
}
